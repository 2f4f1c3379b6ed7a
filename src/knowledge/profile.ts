/**
 * The deployment profile (`knowledge/profile.json`): the province this assistant serves, its programme's plain
 * name, the coordinator, the hotline, the portal. Validated once at start; fixed replies are filled from it.
 */
import { z } from 'zod';

const Link = z.object({ name: z.string().min(2), url: z.string().url() });

const ProfileFile = z.object({
  description: z.string().optional(),
  province: z.string().min(2),
  provinceKind: z.enum(['tỉnh', 'thành phố']),
  issuingBody: z.string().min(2),
  /** The document questions are about when they name none and the loaded documents disagree. */
  primaryDocument: z.string().min(1),
  programme: z.object({ name: z.string().min(2), plainName: z.string().min(2), shortName: z.string().min(2) }),
  coordinator: z.object({ agencyId: z.string().min(1), name: z.string().min(2) }),
  /** Agencies whose officials see every agency; COORDINATOR_AGENCIES overrides it. */
  coordinatorAgencies: z.array(z.string().min(2)).min(1),
  hotline: z.object({ number: z.string().min(3), name: z.string().min(2) }),
  portal: Link,
  website: Link,
});

export type Profile = z.infer<typeof ProfileFile>;

export class ProfileError extends Error {
  constructor(readonly problems: string[]) {
    super(`Hồ sơ triển khai (knowledge/profile.json) không hợp lệ: ${problems.join('; ')}`);
    this.name = 'ProfileError';
  }
}

export function parseProfile(json: unknown): Profile {
  const parsed = ProfileFile.safeParse(json);
  if (!parsed.success) throw new ProfileError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  return parsed.data;
}
