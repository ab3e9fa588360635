/**
 * Runs before every test file (vitest `setupFiles`). Training results are kept beside the run's
 * templates (app/test-global-setup.ts), whose folder is named by the hash of the sources: a test
 * run publishes the same entries into dozens of fresh knowledge-base folders, and each trained
 * them again (19 of 56 trainings of a run on a clean clone were repeats; a later run of the same
 * sources finds all of them). Training is deterministic, so a stored result is the model the
 * publish would have trained. Tests that check where training runs turn it off.
 */
import path from 'node:path';
import { inject } from 'vitest';
import { useTrainingCache } from '../knowledge/index.ts';
import { TRAINING_CACHE_DIR } from './test-global-setup.ts';

useTrainingCache(path.join(inject('testTemplates'), TRAINING_CACHE_DIR));
