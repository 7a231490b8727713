/** The agencies Ariadne delivers to through a channel of their own. */
export const AGENCIES = ["europol", "eurojust", "frontex"] as const;
export type Agency = (typeof AGENCIES)[number];

export function isAgency(value: string): value is Agency {
  return (AGENCIES as readonly string[]).includes(value);
}
