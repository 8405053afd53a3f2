// Render CSL-JSON items with citeproc-js, as Zotero, Mendeley and Pandoc do.
// stdin: {"style": <path to .csl>, "locale": <path to locales-en-US.xml>, "items": [...],
//         "cites": [{"id": ..., "locator": ..., "label": ...}, ...], "format": "text"|"html"}
// stdout: {"notes": [one note per cite, in order], "bibliography": [entries]}
"use strict";
const fs = require("fs");
const CSL = require("citeproc");

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const items = Object.fromEntries(input.items.map((item) => [item.id, item]));
const locale = fs.readFileSync(input.locale, "utf8");
const sys = {
  retrieveLocale: () => locale,
  retrieveItem: (id) => items[id],
};
const engine = new CSL.Engine(sys, fs.readFileSync(input.style, "utf8"), "en-US");
engine.setOutputFormat(input.format || "text");
engine.updateItems(input.items.map((item) => item.id));

const notes = [];
const previous = [];
input.cites.forEach((cite, index) => {
  const item = { id: cite.id };
  if (cite.locator) {
    item.locator = cite.locator;
    item.label = cite.label || "section";
  }
  const citation = {
    citationItems: [item],
    properties: { noteIndex: index + 1 },
    citationID: `c${index + 1}`,
  };
  const [, rendered] = engine.processCitationCluster(citation, previous, []);
  previous.push([citation.citationID, index + 1]);
  const mine = rendered.find(([position]) => position === index);
  notes.push(mine ? mine[1] : "");
});
const [, entries] = engine.makeBibliography();
process.stdout.write(JSON.stringify({ notes, bibliography: entries.map((e) => e.trim()) }));
