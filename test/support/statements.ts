import {
  OperationNodeTransformer,
  type KyselyPlugin,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/** Keeps every statement sent through it (as its operation tree in JSON), for counting those that match. */
export class StatementCounter implements KyselyPlugin {
  readonly seen: string[] = [];
  transformQuery(args: { node: RootOperationNode }): RootOperationNode {
    this.seen.push(JSON.stringify(args.node));
    return new OperationNodeTransformer().transformNode(args.node);
  }
  async transformResult(args: { result: QueryResult<UnknownRow> }): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
