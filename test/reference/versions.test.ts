import { describe, expect, it } from 'vitest';
import { hasReference, referee, referenceSkipReason } from './referee.ts';

describe('reference environment', () => {
  it.skipIf(!hasReference('tensorflow', 'keras'))(`answers with the frameworks' versions ${referenceSkipReason('tensorflow', 'keras')}`, async () => {
    const found = await referee<Record<string, string | null>>('versions', { modules: ['keras', 'tensorflow'] });
    expect(found.keras).toMatch(/^3\./);
    expect(found.tensorflow).toMatch(/^2\./);
  });
});
