/*
 * PyTorch Primer: search results that find the lesson (src/primer/sphinxext/search.py).
 *
 * Loaded with `defer` on the search page only, after Sphinx's searchtools.js and before
 * the query runs (Search.init waits for DOMContentLoaded). Three changes to Sphinx's search:
 *
 * 1. Chinese queries are cut into the words the index holds. Sphinx indexes Chinese pages
 *    through jieba, but its search box looks a query up whole, so 保存模型 found nothing:
 *    the index has 保存 and 模型 (sphinx-doc/sphinx#5318; tests/test_upstream.py says when
 *    this can go). A run of Chinese characters is cut greedily into the longest words found
 *    in the index.
 * 2. A page whose title names the query ranks first: each query word found in the page's
 *    title adds TITLE_WORD, so "Tensors" outranks pages that merely mention tensors. An
 *    index entry (each glossary term is one) scores just below a title or heading: Sphinx
 *    gives an exact entry 100 against a title's 15, which put the glossary's definition
 *    above every lesson, even one with a heading about the term.
 * 3. One result per page (its best), so the glossary appears once, not once per term; and
 *    the excerpt under a result is the page's own text, not its breadcrumbs or the
 *    gallery's "Go to the end to download" note.
 * 4. A long query, such as the last line of a traceback, finds the pages holding most of its
 *    words. Sphinx lists only pages holding every word, and an error message pasted by a
 *    reader carries their own shapes, names and numbers (64x1600, fc1, cuda:1), which no
 *    page holds, so Sphinx listed nothing. A query of PRIMER_MESSAGE_WORDS words or more
 *    ranks every page by the share of the query's words it holds, each word weighted by
 *    how few pages hold it (words no page holds are left out), ahead of Sphinx's own score.
 */
"use strict";

const PRIMER_TITLE_WORD = 20;
const PRIMER_MESSAGE_WORDS = 4;
const PRIMER_COVERAGE = 1000; // a page holding every word of a long query gains this much
const PRIMER_CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/gu;
const PRIMER_NOT_THE_PAGES_TEXT = [
  ".bd-header-article", // breadcrumbs
  ".sphx-glr-download-link-note", // "Go to the end to download the full example code"
  ".sphx-glr-footer", // download buttons
  ".sphx-glr-timing",
  ".provenance", // where this page was built
  ".sphx-glr-signature",
  ".prev-next-area",
  "article h1",
];

/** The longest words of the index that make up one run of Chinese characters. */
const primerCutChinese = (run, words) => {
  const cut = [];
  let unknown = "";
  for (let start = 0; start < run.length; ) {
    let end = run.length;
    while (end > start + 1 && !words.has(run.slice(start, end))) end -= 1;
    if (words.has(run.slice(start, end))) {
      if (unknown) cut.push(unknown);
      unknown = "";
      cut.push(run.slice(start, end));
    } else {
      unknown += run[start];  // not in the index: kept, so the query still must match it
    }
    start = end;
  }
  if (unknown) cut.push(unknown);
  return cut;
};

const primerIndexWords = () => {
  if (!Search._primerWords) {
    const index = Search._index;
    Search._primerWords = new Set([...Object.keys(index.terms), ...Object.keys(index.titleterms)]);
  }
  return Search._primerWords;
};

const sphinxSplitQuery = splitQuery;
splitQuery = (query) =>
  sphinxSplitQuery(query).flatMap((part) =>
    part.replace(PRIMER_CJK_RUN, (run) => ` ${primerCutChinese(run, primerIndexWords()).join(" ")} `)
      .split(" ")
      .filter((word) => word)
  );

/** How many of the query's words (as typed or stemmed) the page's title contains. */
const primerTitleWords = (docname, words) => {
  const index = Search._index;
  const title = (index.titles[index.docnames.indexOf(docname)] || "").toLowerCase();
  const stemmer = new Stemmer();
  return words.filter((word) => title.includes(word) || title.includes(stemmer.stemWord(word)))
    .length;
};

/** The best result of each page, best last (Sphinx shows the list from its end). */
const primerBestPerPage = (results) => {
  const best = new Map();
  for (const result of results) {
    const kept = best.get(result[0]);
    if (!kept || result[4] >= kept[4]) best.set(result[0], result);
  }
  return [...best.values()].sort(_orderResultsByScoreThenName);
};

/** The pages of the index that hold ``word``, in its text or in a title. */
const primerPagesWith = (word) => {
  const index = Search._index;
  const pages = [index.terms, index.titleterms]
    .filter((terms) => Object.hasOwn(terms, word))
    .flatMap((terms) => [terms[word]].flat());
  return new Set(pages);
};

/** Each page that holds a word of the query: the rarity-weighted share of the words it holds. */
const primerCoverage = (searchTerms) => {
  const pageCount = Search._index.docnames.length;
  const held = new Map();
  let total = 0;
  for (const word of searchTerms) {
    const pages = primerPagesWith(word);
    if (!pages.size) continue; // the reader's own name or shape: it cannot tell pages apart
    const weight = Math.log(1 + pageCount / pages.size);
    total += weight;
    pages.forEach((page) => held.set(page, (held.get(page) || 0) + weight));
  }
  return new Map([...held].map(([page, weight]) => [page, weight / total]));
};

/** A long query's results: every page holding its words, ranked by coverage first. */
const primerRankByCoverage = (results, searchTerms) => {
  const index = Search._index;
  const coverage = primerCoverage(searchTerms);
  const listed = new Set(results.map((result) => result[0]));
  for (const page of coverage.keys()) {
    const docname = index.docnames[page];
    if (!listed.has(docname)) {
      results.push([docname, index.titles[page], "", null, 0, index.filenames[page], SearchResultKind.text]);
    }
  }
  for (const result of results) {
    const share = coverage.get(index.docnames.indexOf(result[0])) || 0;
    result[4] += Math.round(PRIMER_COVERAGE * share);
  }
  return results;
};

const sphinxPerformSearch = Search._performSearch;
Search._performSearch = (query, searchTerms, excludedTerms, highlightTerms, objectTerms) => {
  let results = sphinxPerformSearch(query, searchTerms, excludedTerms, highlightTerms, objectTerms);
  if (searchTerms.size >= PRIMER_MESSAGE_WORDS) results = primerRankByCoverage(results, searchTerms);
  const words = [...highlightTerms];
  for (const result of results) {
    if (result[6] === SearchResultKind.index) {
      result[4] = Math.round(((Scorer.title - 1) * result[4]) / 100);
    }
    result[4] += PRIMER_TITLE_WORD * primerTitleWords(result[0], words);
  }
  return primerBestPerPage(results);
};

const sphinxHtmlToText = Search.htmlToText;
Search.htmlToText = (htmlString, anchor) => {
  const page = new DOMParser().parseFromString(htmlString, "text/html");
  page.querySelectorAll(PRIMER_NOT_THE_PAGES_TEXT.join(",")).forEach((el) => el.remove());
  return sphinxHtmlToText(page.documentElement.outerHTML, anchor).replace(/\s+/g, " ");
};
