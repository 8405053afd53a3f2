// Import a BibTeX or RIS file the way a reference manager's importer reads it (Citation.js,
// whose BibTeX and RIS plugins follow biblatex and the RIS specification), printing the
// CSL-JSON items it makes. stdin: the file; argv[2]: "bibtex" or "ris".
"use strict";
const fs = require("fs");
const { Cite } = require("@citation-js/core");
require("@citation-js/plugin-bibtex");
require("@citation-js/plugin-ris");

const formats = { bibtex: "@biblatex/text", ris: "@ris/file" };
const text = fs.readFileSync(0, "utf8");
const items = Cite(text, { forceType: formats[process.argv[2]] }).data;
process.stdout.write(JSON.stringify(items));
