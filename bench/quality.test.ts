import { describe, expect, it } from 'vitest';
import { FEW_SHOT_ROWS, QUALITY_DATASETS, SAMPLE_KB_ROWS, selectDatasets } from './quality.ts';

describe('quality bench rows', () => {
  it('runs every row without filters, the BANKING77 10-shot rows and the sample knowledge base last', () => {
    expect(selectDatasets()).toEqual([...QUALITY_DATASETS, FEW_SHOT_ROWS, SAMPLE_KB_ROWS]);
  });

  it('keeps the rows whose name contains one of the filters', () => {
    expect(selectDatasets(['hint3_v2'])).toEqual(['hint3/hint3_v2_curekart.jsonl', 'hint3/hint3_v2_sofmattress.jsonl', 'hint3/hint3_v2_powerplay11.jsonl']);
    expect(selectDatasets(['10shot', 'banking77_oos'])).toEqual(['banking77_oos.jsonl', FEW_SHOT_ROWS]);
    expect(selectDatasets(['no-such-dataset'])).toEqual([]);
  });
});
