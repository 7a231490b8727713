/**
 * Runs `op` while telling JetStream, every `everyMs`, that the message is still being worked on:
 * a channel call that outlasts ack_wait must not let the message be redelivered to another
 * replica meanwhile (two concurrent deliveries of one copy).
 */
export async function whileWorking<T>(msg: { working(): void }, everyMs: number, op: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => msg.working(), Math.max(100, everyMs));
  try {
    return await op();
  } finally {
    clearInterval(timer);
  }
}
