import type { FeedFilters } from "@ariadne/adapter";
import { memberStateOf } from "@ariadne/agencies";
import { CrimeArea, ExploitationForm, Priority } from "@ariadne/contracts";
import { CliError } from "../errors.ts";
import { parseEnumValue } from "../options.ts";

export interface FilterOptions {
  readonly crimeArea?: readonly string[];
  readonly form?: readonly string[];
  readonly priority?: readonly string[];
  readonly ncp?: readonly string[];
  readonly country?: readonly string[];
}

/** The feed filter from the command line; --ncp ncp.de and --country DE both name Germany's alerts. */
export function feedFilters(o: FilterOptions): FeedFilters {
  const countries = [
    ...(o.country ?? []).map((c) => {
      if (!/^[A-Za-z]{2}$/.test(c)) throw new CliError("USAGE", `--country ${c}: not an ISO 3166-1 alpha-2 code`);
      return c.toUpperCase();
    }),
    ...(o.ncp ?? []).map((n) => {
      const cc = memberStateOf(n);
      if (cc === undefined) throw new CliError("USAGE", `--ncp ${n}: not a national contact point (ncp.<cc>)`);
      return cc;
    }),
  ];
  return {
    crimeAreas: (o.crimeArea ?? []).map((a) => parseEnumValue("crime area", CrimeArea, "CRIME_AREA_", a)),
    exploitationForms: (o.form ?? []).map((f) =>
      parseEnumValue("exploitation form", ExploitationForm, "EXPLOITATION_FORM_", f),
    ),
    priorities: (o.priority ?? []).map((p) => parseEnumValue("priority", Priority, "PRIORITY_", p)),
    originatingCountries: [...new Set(countries)],
  };
}
