// A CommonJS task module as a user would write one, requiring the BUILT package by name.
const { pathToFileURL } = require('node:url');
const { defineTasks } = require('polyfold/parallel');

module.exports = defineTasks(pathToFileURL(__filename).href, {
  tokenize: (line) => line.split(/\W+/).filter(Boolean),
  lower: (word) => word.toLowerCase(),
});
