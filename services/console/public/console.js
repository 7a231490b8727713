// The operator console's page: plain DOM, no framework. Everything shown comes from the
// console's own JSON API (docs/console.md); text is set with textContent, never parsed as HTML.

const $ = (selector) => document.querySelector(selector);

/** el("td", { class: "num" }, "3") */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c !== undefined && c !== null) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

async function getJson(path) {
  const res = await fetch(path, { headers: { accept: "application/json" } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body?.error?.code ?? `HTTP ${res.status}`);
  return body;
}

const time = (iso) => (iso ? new Date(iso).toLocaleString(undefined, { hour12: false }) : "–");
/** Dead letters and the like: today's time alone, an older one with its date. */
function shortTime(iso) {
  if (!iso) return "–";
  const d = new Date(iso);
  const today = d.toDateString() === new Date().toDateString();
  return today ? d.toLocaleTimeString(undefined, { hour12: false }) : d.toLocaleDateString();
}
const purpose = (p) =>
  p
    .replace(/^PURPOSE_/, "")
    .toLowerCase()
    .replaceAll("_", " ");
const shortId = (id) => (id.length > 13 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id);

function age(ms) {
  if (ms === undefined) return "–";
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

/* ---------- live counters ---------- */

const COUNTERS = {
  "c-received": (o) => o.counters.received,
  "c-accepted": (o) => o.counters.accepted,
  "c-rejected": (o) => o.counters.rejected,
  "c-delivered": (o) => o.counters.delivered,
  "c-acknowledged": (o) => o.counters.acknowledged,
  "c-replies": (o) => o.counters.replies,
  // Dead letters waiting in the DEADLETTER stream (what an operator must decide on).
  "c-deadletters": (o) => o.streams.DEADLETTER?.messages ?? o.counters.deadLettered,
};

function fillOriginators(list) {
  const select = $('select[name="originator"]');
  const known = new Set([...select.options].map((o) => o.value));
  for (const party of list) if (!known.has(party)) select.append(el("option", { value: party }, party));
}

async function refreshOverview() {
  try {
    const o = await getJson("/api/overview");
    for (const [id, pick] of Object.entries(COUNTERS)) {
      const node = document.getElementById(id);
      const value = String(pick(o));
      if (node.textContent !== value) {
        node.textContent = value;
        node.parentElement.classList.remove("changed");
        void node.offsetWidth; // restart the flash animation
        node.parentElement.classList.add("changed");
      }
    }
    fillOriginators(o.originators);
    const log = o.log.error ? `audit log unavailable (${o.log.error})` : `audit log: ${o.log.treeSize} entries`;
    $("#status").textContent = `${log} · updated ${time(o.at)}`;
  } catch (err) {
    $("#status").textContent = `console API unavailable (${err.message})`;
  }
}

/* ---------- search ---------- */

function searchParams() {
  const form = new FormData($("#search"));
  const params = new URLSearchParams();
  const q = String(form.get("q") ?? "").trim();
  if (q) params.set("q", q);
  const originator = String(form.get("originator") ?? "");
  if (originator) params.set("originator", originator);
  for (const key of ["since", "until"]) {
    const v = String(form.get(key) ?? "");
    if (v) params.set(key, new Date(v).toISOString());
  }
  return params;
}

let selectedAlert;

async function search(event) {
  event?.preventDefault();
  const body = $(".results tbody");
  try {
    const { alerts } = await getJson(`/api/alerts?${searchParams()}`);
    body.replaceChildren(
      ...alerts.map((a) => {
        const open = el("button", { class: "link mono", type: "button", title: a.alertId }, shortId(a.alertId));
        open.addEventListener("click", () => openTrail(a.alertId));
        return el(
          "tr",
          { "data-alert-id": a.alertId, class: a.alertId === selectedAlert ? "selected" : undefined },
          el("td", {}, open),
          el("td", { class: "num" }, a.version),
          el("td", {}, a.originator),
          el("td", {}, time(a.receivedAt)),
          el(
            "td",
            {},
            el("span", { class: "pill ok" }, a.allowed),
            " / ",
            el("span", { class: "pill bad" }, a.refused),
          ),
          el("td", { class: "num" }, a.delivered),
          el("td", { class: "num" }, a.acknowledged),
          el("td", { class: "num" }, a.replies),
        );
      }),
    );
    $("#results-note").textContent =
      alerts.length === 0 ? "No alert matches." : `${alerts.length} shown, newest first.`;
  } catch (err) {
    $("#results-note").textContent = `Search failed (${err.message}).`;
  }
}

/* ---------- trail ---------- */

const STAGE_LABEL = {
  received: "received",
  "new-version": "new version",
  rejected: "rejected",
  decision: "decision",
  routed: "copy routed",
  transferred: "copy transferred",
  delivered: "delivered",
  "not-delivered": "not delivered",
  acknowledged: "acknowledged",
  receipt: "receipt",
  reply: "reply",
  "dead-letter": "dead letter",
  consultation: "consultation",
  combination: "linked",
  erasure: "erased",
  other: "event",
};

function decisionsTable(decisions) {
  return el(
    "table",
    { class: "decisions" },
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        ["Recipient", "Outcome", "Reason", "Disclosed", "Withheld"].map((h) => el("th", {}, h)),
      ),
    ),
    el(
      "tbody",
      {},
      decisions.map((d) =>
        el(
          "tr",
          { "data-recipient": d.recipient },
          el("td", {}, d.recipient),
          el(
            "td",
            {},
            el("span", { class: d.delivered ? "pill ok" : "pill bad" }, d.delivered ? "allowed" : "refused"),
          ),
          el("td", {}, el("code", {}, d.reasonCode), d.reason ? ` — ${d.reason}` : ""),
          el("td", { class: "num" }, d.disclosedCount),
          el("td", { class: "num" }, d.withheldCount),
        ),
      ),
    ),
  );
}

function timelineItem(e) {
  const who = [e.actor, e.recipient && e.recipient !== e.actor ? `→ ${e.recipient}` : ""].filter(Boolean).join(" ");
  const extra = [
    e.evidence && el("code", {}, e.evidence),
    e.code && el("span", { class: "pill bad" }, e.code),
    e.officer && `by ${e.officer}`,
    e.query && el("code", {}, e.query),
    e.purposes.length > 0 && e.stage === "consultation" && `for ${e.purposes.map(purpose).join(", ")}`,
  ].filter(Boolean);
  return el(
    "li",
    { class: `stage-${e.stage}`, "data-stage": e.stage },
    el(
      "div",
      { class: "head" },
      el("span", { class: "stage" }, STAGE_LABEL[e.stage] ?? e.stage),
      el("span", { class: "who" }, who),
      ...extra.map((x) => el("span", {}, x)),
      el("span", { class: "when", title: `log entry ${e.index}` }, `#${e.index} · ${time(e.at)}`),
    ),
    el("div", { class: "detail mono" }, e.detail),
    e.decisions.length > 0 ? decisionsTable(e.decisions) : null,
  );
}

function recipientRow(r) {
  const decision = { allowed: "pill ok", refused: "pill bad", none: "pill" }[r.decision];
  const yes = (b) => (b ? el("span", { class: "pill ok" }, "yes") : el("span", { class: "muted" }, "–"));
  return el(
    "tr",
    { "data-recipient": r.recipient },
    el("td", {}, r.recipient),
    el("td", {}, el("span", { class: decision }, r.decision)),
    el("td", {}, el("code", {}, r.reasonCode)),
    el("td", { class: "num" }, r.withheldCount),
    el("td", {}, yes(r.delivered)),
    el("td", {}, yes(r.acknowledged)),
    el("td", {}, r.replies.join(", ")),
  );
}

async function openTrail(alertId) {
  selectedAlert = alertId;
  for (const row of document.querySelectorAll(".results tbody tr")) {
    row.classList.toggle("selected", row.dataset.alertId === alertId);
  }
  const panel = $("#trail");
  panel.hidden = false;
  $("#trail-title").textContent = `Trail of ${alertId}`;
  try {
    const t = await getJson(`/api/alerts/${encodeURIComponent(alertId)}/trail`);
    $(".recipients tbody").replaceChildren(...t.recipients.map(recipientRow));
    $(".timeline").replaceChildren(...t.entries.map(timelineItem));
    $("#trail-title").textContent = `Trail of ${alertId}${t.originator ? ` (from ${t.originator})` : ""}`;
  } catch (err) {
    $(".timeline").replaceChildren(el("li", {}, `Trail unavailable (${err.message}).`));
  }
}

/* ---------- checkpoint and dead letters ---------- */

async function refreshCheckpoint() {
  const dl = $("#checkpoint");
  try {
    const c = await getJson("/api/checkpoint");
    const facts = c.available
      ? [
          [
            "signature",
            el(
              "span",
              { class: c.verified ? "pill ok" : "pill bad" },
              c.verified ? `verified (${c.signer})` : `NOT verified (${c.code})`,
            ),
          ],
          ["tree size", c.treeSize],
          ["issued", time(c.issuedAt)],
          ["age", age(c.ageMs)],
          ["root", el("code", {}, c.rootHash)],
        ]
      : [["state", el("span", { class: "pill warn" }, `no checkpoint (${c.code})`)]];
    dl.replaceChildren(...facts.flatMap(([k, v]) => [el("dt", {}, k), el("dd", { "data-fact": k }, v)]));
  } catch (err) {
    dl.replaceChildren(el("dt", {}, "state"), el("dd", {}, `unavailable (${err.message})`));
  }
}

async function refreshDeadLetters() {
  try {
    const p = await getJson("/api/dead-letters?limit=20");
    $("#dl-summary").textContent =
      p.total === 0 ? "No dead letters: nothing waits for an operator." : `${p.total} waiting (newest first).`;
    $(".deadletters tbody").replaceChildren(
      ...p.items.map((d) =>
        el(
          "tr",
          { "data-seq": d.seq },
          el("td", { class: "num" }, d.seq),
          el("td", {}, d.stage),
          el("td", {}, el("code", {}, d.code)),
          el("td", { class: "num" }, d.deliveries),
          el("td", { class: "mono", title: d.alertId }, d.alertId ? `${shortId(d.alertId)} v${d.alertVersion}` : "–"),
          el("td", { title: time(d.at) }, shortTime(d.at)),
        ),
      ),
    );
  } catch (err) {
    $("#dl-summary").textContent = `Dead letters unavailable (${err.message}).`;
  }
}

/* ---------- start ---------- */

$("#search").addEventListener("submit", search);
await Promise.all([refreshOverview(), refreshCheckpoint(), refreshDeadLetters()]);
await search();
setInterval(refreshOverview, 2000);
setInterval(refreshCheckpoint, 5000);
setInterval(refreshDeadLetters, 5000);
