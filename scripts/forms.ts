/**
 * `npm run forms -- --file form.json`: adds a form (or a new version of one) after
 * checking it; every problem is listed. A version that exists is never changed: the
 * same content again is a no-op, other content is refused. `npm run forms` alone lists
 * the forms. Locally it uses the running `npm start` stack (or .data/); in AWS set
 * LOCAL=false, TABLE_NAME and the usual AWS credentials.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../shared/adapters/clients.ts';
import { DynamoFormStore } from '../shared/adapters/dynamo.ts';
import { ensureTable } from '../shared/adapters/provision.ts';
import { FormCatalog } from '../shared/forms/catalog.ts';
import { formsCommand } from './forms-command.ts';
import { connectLocal } from './local/connect.ts';

const { values } = parseArgs({ options: { file: { type: 'string' } } });
const conn = await connectLocal();
try {
  if (conn.started) await ensureTable(new DynamoDBClient({}), process.env.TABLE_NAME!);
  const catalog = new FormCatalog(new DynamoFormStore(documentClient(), process.env.TABLE_NAME!));
  const text = values.file === undefined ? undefined : readFileSync(values.file, 'utf8');
  process.exitCode = await formsCommand(catalog, text, (line) => console.log(line));
} finally {
  await conn.close();
}
