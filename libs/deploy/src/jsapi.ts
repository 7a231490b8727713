/**
 * JetStream API subjects as permissions see them (nats-server 2.10+). Consumers are created
 * with the subject form that names the consumer and its single filter
 * ($JS.API.CONSUMER.CREATE.<stream>.<consumer>.<filter>): the server refuses a request whose
 * configured filter differs from the one in the subject, so the permission pins the filter.
 */
const API = "$JS.API";

export const jsApi = {
  accountInfo: `${API}.INFO`,
  streamInfo: (stream: string) => `${API}.STREAM.INFO.${stream}`,
  streamNames: `${API}.STREAM.NAMES`,
  streamList: `${API}.STREAM.LIST`,
  msgGet: (stream: string) => `${API}.STREAM.MSG.GET.${stream}`,
  directGet: (stream: string) => [`${API}.DIRECT.GET.${stream}`, `${API}.DIRECT.GET.${stream}.>`],
  consumerCreate: (stream: string, consumer: string, filter?: string) =>
    filter === undefined
      ? `${API}.CONSUMER.CREATE.${stream}.${consumer}`
      : `${API}.CONSUMER.CREATE.${stream}.${consumer}.${filter}`,
  consumerInfo: (stream: string, consumer: string) => `${API}.CONSUMER.INFO.${stream}.${consumer}`,
  consumerNames: (stream: string) => `${API}.CONSUMER.NAMES.${stream}`,
  consumerList: (stream: string) => `${API}.CONSUMER.LIST.${stream}`,
  next: (stream: string, consumer: string) => `${API}.CONSUMER.MSG.NEXT.${stream}.${consumer}`,
  ack: (stream: string, consumer: string) => `$JS.ACK.${stream}.${consumer}.>`,
  /** Flow-control replies of push consumers (ordered consumers, KV watchers). */
  flowControl: (stream: string) => `$JS.FC.${stream}.>`,
  all: `${API}.>`,
  /** What only operators may do: listed as explicit denies for everyone else. */
  destructive: [
    `${API}.STREAM.CREATE.>`,
    `${API}.STREAM.UPDATE.>`,
    `${API}.STREAM.DELETE.>`,
    `${API}.STREAM.PURGE.>`,
    `${API}.STREAM.MSG.DELETE.>`,
    `${API}.STREAM.SNAPSHOT.>`,
    `${API}.STREAM.RESTORE.>`,
    `${API}.STREAM.PEER.REMOVE.>`,
    `${API}.STREAM.LEADER.STEPDOWN.>`,
    `${API}.CONSUMER.DELETE.>`,
    `${API}.CONSUMER.PAUSE.>`,
    `${API}.CONSUMER.LEADER.STEPDOWN.>`,
    `${API}.ACCOUNT.PURGE.>`,
    `${API}.SERVER.>`,
    `${API}.META.>`,
  ],
} as const;

/** Create (pinned filter), inspect, pull from and ack one named durable. */
export function readDurable(stream: string, consumer: string, filter?: string): string[] {
  return [
    jsApi.consumerCreate(stream, consumer, filter),
    jsApi.consumerInfo(stream, consumer),
    jsApi.next(stream, consumer),
    jsApi.ack(stream, consumer),
  ];
}

/**
 * Ordered consumers (nats.js `consumers.get(stream, { filter_subjects })`: NCP returns, the
 * officers' feed) carry a random name, so the name is a wildcard; the filter stays pinned. The
 * wildcard would also match other parties' durables: `othersDurables` lists what to deny.
 */
export function readOrdered(stream: string, filter: string): string[] {
  return [
    // consumers.get asks for the stream's info first: counters, never messages.
    jsApi.streamInfo(stream),
    jsApi.consumerCreate(stream, "*", filter),
    jsApi.consumerInfo(stream, "*"),
    jsApi.next(stream, "*"),
  ];
}

/** Denies creating (under any filter), inspecting and pulling from the named durables of others. */
export function othersDurables(stream: string, names: readonly string[]): string[] {
  return names.flatMap((name) => [
    jsApi.consumerCreate(stream, name),
    jsApi.consumerCreate(stream, name, ">"),
    jsApi.consumerInfo(stream, name),
    jsApi.next(stream, name),
  ]);
}

/** The KV bucket subjects: $KV.<bucket>.<key>, stream KV_<bucket>. */
export function kvStream(bucket: string): string {
  return `KV_${bucket}`;
}

export function kvSubjects(bucket: string): string {
  return `$KV.${bucket}.>`;
}

/** Read a KV bucket: get (direct or not), open, watch (ordered push consumers of any name, pinned to the bucket). */
export function readBucket(bucket: string): string[] {
  const stream = kvStream(bucket);
  return [
    jsApi.streamInfo(stream),
    jsApi.msgGet(stream),
    ...jsApi.directGet(stream),
    jsApi.consumerCreate(stream, "*", kvSubjects(bucket)),
    jsApi.flowControl(stream),
  ];
}
