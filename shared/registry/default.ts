/** The registry that ships with the repo (data/registry/registry.json). */
import data from '../../data/registry/registry.json' with { type: 'json' };
import { Registry } from './registry.ts';

export const bundledRegistry = (): Registry => Registry.parse(data);
