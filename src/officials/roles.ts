/** What an agency may do on a task: the "rõ trách nhiệm" rules of issue 4. */
import type { Task } from '../catalogue/types.ts';
import type { AgencyLookup } from './directory.ts';

/**
 * `lead`: named as lead, may change the status. `collective`: the task is given to all agencies, so the agency
 * reports the status of its own part. `partner`: may add comments. null: none of these.
 */
export type TaskRole = 'lead' | 'collective' | 'partner';

export function taskRole(task: Task, agencyId: string, directory: AgencyLookup): TaskRole | null {
  if (directory.namedIds(task.lead).has(agencyId)) return 'lead';
  if (directory.isCollective(task.lead)) return 'collective';
  if (directory.namedIds(task.partners).has(agencyId) || directory.isCollective(task.partners)) return 'partner';
  return null;
}

/** Roles that may change a status (as opposed to commenting). */
export function reportsStatus(role: TaskRole | null): boolean {
  return role === 'lead' || role === 'collective';
}
