/** What an agency may do on a task: the "rõ trách nhiệm" rules of issue 4. */
import type { Agency, Task } from '../documents/types.ts';
import { UnknownAgencyError, type AgencyDirectory } from '../knowledge/agencies.ts';
import type { AgencyRoles } from '../status/rules.ts';
import { fold } from '../text/vietnamese.ts';

/**
 * `lead`: named as lead, may change the status. `collective`: the task is given to all agencies, so the agency
 * reports the status of its own part. `partner`: may add comments. null: none of these.
 */
export type TaskRole = 'lead' | 'collective' | 'partner';

export function taskRole(task: Task, agencyId: string, directory: AgencyRoles): TaskRole | null {
  if (directory.namedIds(task.lead).has(agencyId)) return 'lead';
  if (directory.isCollective(task.lead)) return 'collective';
  if (directory.namedIds(task.partners).has(agencyId) || directory.isCollective(task.partners)) return 'partner';
  return null;
}

/** Roles that may change a status (as opposed to commenting). */
export function reportsStatus(role: TaskRole | null): boolean {
  return role === 'lead' || role === 'collective';
}

/**
 * The agency an official may be bound to, for a name as an administrator typed it: it must resolve to exactly one
 * agency, and that agency must hold a task of a loaded document (as lead, partner or follow-up) — "Sở Du lịch"
 * is refused in a province whose documents only name "Sở Văn hóa, Thể thao và Du lịch", with that one offered.
 */
export function bindableAgency(name: string, knowledge: { tasks: readonly Task[]; agencies: AgencyDirectory }): Agency {
  const holders = taskHolders(knowledge);
  const agency = knowledge.agencies.resolve(name);
  if (holders.has(agency.id)) return agency;
  const offered = knowledge.agencies.agencies
    .filter((candidate) => candidate.kind === 'agency' && holders.has(candidate.id))
    .map((candidate) => ({ candidate, shared: sharedWords(candidate.name, name) }))
    .filter((entry) => entry.shared > 0)
    .sort((a, b) => b.shared - a.shared)
    .slice(0, 3)
    .map((entry) => entry.candidate.name);
  throw new UnknownAgencyError(name, offered, 'holds_no_task');
}

/** Ids of the agencies that hold a task of a loaded document (lead, partner or follow-up). */
function taskHolders(knowledge: { tasks: readonly Task[]; agencies: AgencyDirectory }): Set<string> {
  const holders = new Set<string>();
  for (const task of knowledge.tasks) {
    for (const cell of [task.lead, task.partners, task.followUp]) for (const id of knowledge.agencies.namedIds(cell)) holders.add(id);
  }
  return holders;
}

/** Every agency an official may be bound to (what `bindableAgency` accepts), by name: the console's invite list. */
export function bindableAgencies(knowledge: { tasks: readonly Task[]; agencies: AgencyDirectory }): Agency[] {
  const holders = taskHolders(knowledge);
  return knowledge.agencies.agencies.filter((agency) => agency.kind === 'agency' && holders.has(agency.id)).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

function sharedWords(a: string, b: string): number {
  const generic = new Set(['so', 'ban', 'va', 'tinh', 'cac', 'bo']);
  const words = new Set(fold(b).split(/[^a-z0-9&]+/u).filter((word) => word && !generic.has(word)));
  return fold(a)
    .split(/[^a-z0-9&]+/u)
    .filter((word) => words.has(word)).length;
}
