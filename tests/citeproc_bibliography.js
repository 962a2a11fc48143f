// The bibliography citeproc-js (the CSL processor of Zotero and Mendeley) makes of a CSL-JSON
// file, as {item id: entry text}: node citeproc_bibliography.js NODE_MODULES ITEMS STYLE LOCALE
"use strict";
const fs = require("fs");
const path = require("path");
const [modules, itemsFile, styleFile, localeFile] = process.argv.slice(2);
const CSL = require(path.join(modules, "citeproc"));
const items = JSON.parse(fs.readFileSync(itemsFile, "utf8"));
const byId = Object.fromEntries(items.map((item) => [item.id, item]));
const locale = fs.readFileSync(localeFile, "utf8");
const engine = new CSL.Engine(
  { retrieveLocale: () => locale, retrieveItem: (id) => byId[id] },
  fs.readFileSync(styleFile, "utf8"), "fr-FR");
engine.setOutputFormat("text");
engine.updateItems(items.map((item) => item.id));
const [meta, entries] = engine.makeBibliography();
const out = {};
meta.entry_ids.forEach((ids, k) => { out[ids[0]] = entries[k].trim(); });
process.stdout.write(JSON.stringify(out));
