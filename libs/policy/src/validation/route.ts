import type { CaseAlert } from "@ariadne/contracts";
import { type CheckContext, checkCountries, checkCountry, checkDate, checkPointer, requireText } from "./context.ts";

/** The route: countries, legs (with their pointers) and border crossings. */
export function checkRoute(alert: CaseAlert, ctx: CheckContext): void {
  const r = alert.route;
  if (!r) return;
  checkCountries(ctx, "route.originCountries", r.originCountries);
  checkCountries(ctx, "route.transitCountries", r.transitCountries);
  checkCountries(ctx, "route.destinationCountries", r.destinationCountries);
  r.legs.forEach((leg, i) => {
    const p = `route.legs[${i}]`;
    checkCountry(ctx, `${p}.fromCountry`, leg.fromCountry);
    checkCountry(ctx, `${p}.toCountry`, leg.toCountry);
    checkPointer(ctx, `${p}.fromLocationRef`, leg.fromLocationRef, ["locations"]);
    checkPointer(ctx, `${p}.toLocationRef`, leg.toLocationRef, ["locations"]);
    checkPointer(ctx, `${p}.vehicleRef`, leg.vehicleRef, ["vehicles"]);
    const departed = checkDate(ctx, `${p}.departedOn`, leg.departedOn);
    const arrived = checkDate(ctx, `${p}.arrivedOn`, leg.arrivedOn);
    // Partial dates: only a contradiction at the coarser precision counts.
    if (departed && arrived && departed.first.getTime() > arrived.last.getTime()) {
      ctx.issues.add(`${p}.arrivedOn`, "DATE_ORDER", "arrival before departure");
    }
  });
  r.borderCrossings.forEach((b, i) => {
    const p = `route.borderCrossings[${i}]`;
    requireText(ctx, `${p}.crossingPoint`, b.crossingPoint);
    if (requireText(ctx, `${p}.country`, b.country)) checkCountry(ctx, `${p}.country`, b.country);
    checkCountry(ctx, `${p}.neighbourCountry`, b.neighbourCountry);
    checkDate(ctx, `${p}.crossedOn`, b.crossedOn);
  });
}
