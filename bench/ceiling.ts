/**
 * The ceiling of the stack for the identical-query case: a bare graphql-yoga server, no plugins,
 * whose resolvers answer the proxy query from a static result held in memory (the gateway's own
 * answer, passed in CEILING_RESULT), so that it parses, validates, executes and serializes the same
 * document into the same bytes, and does nothing else. PORT and HOST as the gateway reads them;
 * logs `{"url":…}` once it listens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';

const result = JSON.parse(process.env.CEILING_RESULT ?? 'null') as { data?: { fleet?: unknown } } | null;
if (!result?.data?.fleet) throw new Error('CEILING_RESULT must hold the gateway\'s answer to the proxy query');
const fleet = result.data.fleet;

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    scalar DateTime
    type Event { eventId: String eventCode: String eventTime: DateTime }
    type Edge { node: Event }
    type Events { edges: [Edge] }
    type Fleet { events(first: Int, startTime: DateTime): Events }
    type Query { fleet(fleetId: String!): Fleet }
  `,
  resolvers: { Query: { fleet: () => fleet } },
});

const yoga = createYoga({ schema, logging: false, landingPage: false, graphiql: false });
const server = createServer(yoga);
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ msg: 'ceiling listening', url: `http://${address}:${port}/graphql` }));
});
