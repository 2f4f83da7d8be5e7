/**
 * cdk-nag 3: the AwsSolutions and Serverless packs run as CDK policy-validation
 * plugins, so any unacknowledged finding fails `cdk synth` (and `app.synth()` in
 * the tests). Every acknowledgement goes through `acknowledge()` with a reason that
 * says why the finding does not apply here; `acknowledgements(app)` lists them.
 */
import { Validations, type App, type Stage } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

export function addNagPacks(app: App | Stage): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
}

/**
 * Acknowledges one cdk-nag rule (`AwsSolutions-S1`) or one finding of a granular rule
 * (`AwsSolutions-IAM5[Resource::...]`) on a construct and everything under it. The
 * plugin namespace (`AwsSolutions::`, `Serverless::`) is added here: without it CDK
 * would file the id under construct annotations and acknowledge nothing.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (reason.trim().length < 40) throw new Error(`acknowledgement ${id} at ${scope.node.path} needs a real reason`);
  const pack = /^(AwsSolutions|Serverless)-/.exec(id)?.[1];
  if (!pack) throw new Error(`unknown cdk-nag rule ${id}`);
  Validations.of(scope).acknowledge({ id: `${pack}::${id}`, reason });
}

export interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

/** Every acknowledgement recorded under `root` (construct metadata written by Validations.acknowledge). */
export function acknowledgements(root: IConstruct): Acknowledgement[] {
  const out: Acknowledgement[] = [];
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>))
        out.push({ path: c.node.path, id: id.replace(/^[^:]+::/, ''), reason });
    }
  }
  return out;
}
