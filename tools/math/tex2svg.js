// Typeset TeX as SVG with MathJax, for src/primer/build/math_svg.py.
// stdin: a JSON list of [tex, display] pairs; stdout: a JSON list, for each pair
// {"svg": the <svg> element, "mathml": the same formula as a <math> element, which screen
// readers read in the reader's language}, or {"error": message} when MathJax cannot read it.
// Glyphs are paths inside each SVG (fontCache "none"): no font, no id shared between SVGs.
const {mathjax} = require('mathjax-full/js/mathjax.js');
const {TeX} = require('mathjax-full/js/input/tex.js');
const {SVG} = require('mathjax-full/js/output/svg.js');
const {liteAdaptor} = require('mathjax-full/js/adaptors/liteAdaptor.js');
const {RegisterHTMLHandler} = require('mathjax-full/js/handlers/html.js');
const {AllPackages} = require('mathjax-full/js/input/tex/AllPackages.js');
const {STATE} = require('mathjax-full/js/core/MathItem.js');
const {SerializedMmlVisitor} = require('mathjax-full/js/core/MmlTree/SerializedMmlVisitor.js');

const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);
const tex = new TeX({
  packages: AllPackages,
  formatError: (jax, error) => { throw error; },
});
const document = mathjax.document('', {InputJax: tex, OutputJax: new SVG({fontCache: 'none'})});
const mathml = new SerializedMmlVisitor();

function typeset([source, display]) {
  try {
    const container = document.convert(source, {display});
    const tree = document.convert(source, {display, end: STATE.CONVERT});
    return {svg: adaptor.outerHTML(adaptor.firstChild(container)), mathml: mathml.visitTree(tree)};
  } catch (error) {
    return {error: error.message};
  }
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  process.stdout.write(JSON.stringify(JSON.parse(input).map(typeset)));
});
