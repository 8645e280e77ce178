import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compiledFor } from '../src/server/platform/http/serializer.js';
import * as auth from '../src/shared/auth/contract.js';
import * as clinic from '../src/shared/clinic/contract.js';
import * as consent from '../src/shared/consent/contract.js';
import * as feedback from '../src/shared/feedback/contract.js';
import * as patients from '../src/shared/patients/contract.js';
import * as platform from '../src/shared/platform/contract.js';
import * as records from '../src/shared/records/contract.js';
import * as reflection from '../src/shared/reflection/contract.js';
import * as scheduling from '../src/shared/scheduling/contract.js';

// Here rather than beside the serializer: it reads every module's contract, the private room's too.
describe('compiled response serializers, for every contract', () => {
  it('compiles every contract the server and the web app share (none falls back to zod)', () => {
    const contracts = { auth, clinic, consent, feedback, patients, platform, records, reflection, scheduling };
    const failing: string[] = [];
    let count = 0;
    for (const [module, exports] of Object.entries(contracts))
      for (const [name, value] of Object.entries(exports)) {
        if (!(value instanceof z.ZodType)) continue;
        count += 1;
        if (!compiledFor(value)) failing.push(`${module}.${name}`);
      }
    expect(failing).toEqual([]);
    expect(count).toBeGreaterThan(50);
  });
});
