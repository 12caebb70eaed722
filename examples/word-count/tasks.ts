/**
 * The word-count tasks: plain functions, declared with `defineTasks` so that worker threads
 * and cluster workers can find them by this module's URL and their export names.
 *
 * A word is a run of letters (any alphabet) and apostrophes inside words, lower-cased;
 * common English function words are left out so the top of the count says something about
 * the text. In your own project, import from 'polyfold/parallel'.
 */
import { defineTasks } from '../../src/parallel/index.js';

// Module level, not captured in a closure: every worker that imports this module builds it.
const STOP_WORDS = new Set(
  (
    'a an and are as at be but by for from has have he her his i if in into is it its ' +
    'not of on or our she so than that the their them then there these they this to ' +
    'was we were what when which who will with you your can may must should would do ' +
    'does did been being also all any each more most no one other such only own same'
  ).split(' '),
);

const WORD = /\p{L}+(?:'\p{L}+)*/gu;

export const { words, isContentWord } = defineTasks(import.meta.url, {
  /** The lower-cased words of a line. */
  words: (line: string): string[] => line.toLowerCase().match(WORD) ?? [],
  /** False for stop words and one-letter words. */
  isContentWord: (word: string): boolean => word.length > 1 && !STOP_WORDS.has(word),
});
