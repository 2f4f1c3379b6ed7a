/**
 * Finds the task an official names by its description ("nhiệm vụ cơ sở dữ liệu đất đai") among the tasks their
 * agency holds. Words are compared as folded syllable pairs (Vietnamese words are mostly two syllables), each
 * weighted by how rare it is among all the knowledge's tasks, so "chuyển đổi số" counts little and "đất đai" much.
 */
import type { Task } from '../documents/types.ts';
import { fold } from '../text/vietnamese.ts';

export interface DescriptionMatcher {
  /** The candidates that fit best, best first: one when it clearly wins, several when they fit about equally. */
  match(text: string, candidates: readonly Task[]): Task[];
}

/** How close a runner-up must come to the best score to make the description ambiguous. */
const TIE_RATIO = 0.8;
/** The least weight of shared word pairs for a task to be named at all (about two rare pairs). */
const MIN_SCORE = 5;

function pairs(text: string): Set<string> {
  const syllables = fold(text).replace(/[^a-z0-9&]+/gu, ' ').trim().split(' ').filter((word) => word !== '');
  const result = new Set<string>();
  for (let index = 0; index + 1 < syllables.length; index += 1) result.add(`${syllables[index]} ${syllables[index + 1]}`);
  return result;
}

export function createDescriptionMatcher(tasks: readonly Task[]): DescriptionMatcher {
  const taskPairs = new Map<Task, Set<string>>();
  const frequency = new Map<string, number>();
  for (const task of tasks) {
    const own = pairs(`${task.name} ${task.content === task.name ? '' : task.content}`);
    taskPairs.set(task, own);
    for (const pair of own) frequency.set(pair, (frequency.get(pair) ?? 0) + 1);
  }
  const weight = (pair: string) => Math.log((tasks.length + 1) / ((frequency.get(pair) ?? 0) + 0.5));
  return {
    match(text, candidates) {
      const wanted = pairs(text);
      const scored = candidates
        .map((task) => {
          const own = taskPairs.get(task) ?? pairs(`${task.name} ${task.content}`);
          let score = 0;
          for (const pair of wanted) if (own.has(pair)) score += weight(pair);
          return { task, score };
        })
        .filter((entry) => entry.score >= MIN_SCORE)
        .sort((a, b) => b.score - a.score);
      if (scored.length === 0) return [];
      const best = scored[0]!.score;
      return scored.filter((entry) => entry.score >= best * TIE_RATIO).slice(0, 3).map((entry) => entry.task);
    },
  };
}
