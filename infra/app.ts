#!/usr/bin/env node
/**
 * The CDK app (`cdk.json`: `node --import tsx infra/app.ts`). `npm run synth`
 * synthesises both stacks offline, with cdk-nag; `npx cdk deploy --all` deploys them.
 */
import { buildHub } from './hub.ts';

buildHub();
