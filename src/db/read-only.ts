import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import type { Db } from './database.ts';

/** Refuses every built statement but a select: work that was allowed only to read cannot change anything. */
class ReadOnlyPlugin implements KyselyPlugin {
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (node.kind !== 'SelectQueryNode' && node.kind !== 'RawNode')
      throw new Error(`Work allowed only to read tried to change the database (${node.kind})`);
    return node;
  }
  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}

const readOnlyHandles = new WeakMap<Db, Db>();

/** The same database through a query builder that refuses inserts, updates and deletes; one per handle. */
export function readOnly(db: Db): Db {
  let handle = readOnlyHandles.get(db);
  if (!handle) readOnlyHandles.set(db, (handle = db.withPlugin(new ReadOnlyPlugin())));
  return handle;
}
