// The lineage pane: the session's drafts as a tree (a refinement under the draft it came from), each node with its
// thumbnail, its skill and, for a mock-up, colourway or print, what it was made with. Clicking a node works from that draft: it becomes the current one (select) and shows on the board.

import { focusDraft } from "./board.js";
import { send } from "./connection.js";
import { $, h } from "./dom.js";
import { paramsSummary } from "./garments.js";
import { t } from "./i18n.js";
import { S } from "./state.js";

const INDENTED_LEVELS = 8; // deeper chains go on without indenting: a tree that far right helps nobody
const pane = $("lineage");

export function renderLineage() {
  const children = new Map();
  const roots = [];
  for (const id of S.order) {
    const known = S.drafts.get(id).parent_ids.filter((p) => S.drafts.has(p));
    if (!known.length) roots.push(id);
    for (const p of known) {
      if (!children.has(p)) children.set(p, []);
      children.get(p).push(id);
    }
  }
  const shown = new Set(); // a draft with two parents is drawn once, under the first
  const branch = (ids, depth) => h("ul", { class: !depth ? "tree" : depth < INDENTED_LEVELS ? "branch" : "branch flat", "aria-label": depth ? null : t("draft_lineage") },
    ids.filter((id) => !shown.has(id)).map((id) => {
      shown.add(id);
      const draft = S.drafts.get(id);
      const kids = (children.get(id) || []).filter((k) => !shown.has(k));
      const made = paramsSummary(draft); // a mock-up's garment and scale, a colourway's palette, a print's size
      return h("li", {},
        h("button", { type: "button", class: "node", "data-testid": "lineage-node", "data-draft-id": id,
                      "data-parent-ids": draft.parent_ids.join(" "), title: draft.prompt, onclick: () => workFrom(id) },
          h("img", { src: draft.src, "data-draft": id, alt: "", "data-testid": "lineage-thumb" }),
          h("span", { class: "label" }, `#${draft.number}`, draft.skill ? h("small", {}, draft.skill) : null,
            made ? h("small", { "data-testid": "lineage-params" }, made) : null)),
        kids.length ? branch(kids, depth + 1) : null);
    }));
  pane.replaceChildren(roots.length ? branch(roots, 0) : h("p", { class: "empty", text: t("nothing_painted") }));
}

function workFrom(id) {
  if (S.role !== "observer" && id !== S.cursor) send({ type: "select", draft_id: id });
  focusDraft(id);
}
