// An ESM task module as a user would write one, importing the BUILT package by name.
import { defineTasks } from 'polyfold/parallel';

export const { tokenize, lower } = defineTasks(import.meta.url, {
  tokenize: (line) => line.split(/\W+/).filter(Boolean),
  lower: (word) => word.toLowerCase(),
});
