/**
 * Wire-faithful fakes of the three APIs for tests: in-memory stores seeded from a PRNG, served through a
 * fetch function (`fake.fetch`), with injected and random faults, rate limits and a request log, plus a
 * virtual clock so waits cost no real time. Runs wherever `fetch` runs.
 *
 * @module conversations-sdk/testing
 */
export { createVirtualClock, type VirtualClock } from './clock.js';
export {
  DroppedConnection,
  type FakeClock,
  type FakeOptions,
  type FakeRequest,
  FakeServer,
  type Fault,
  INVALID_JSON,
  json,
  type RandomFaults,
  type RequestRecord,
} from './fake-server.js';
export {
  createFakeGTateth,
  FakeGTateth,
  type FakeGTatethOptions,
  type GTatethConversationRecord,
  type GTatethCustomer,
  type GTatethKey,
  type GTatethUser,
  type GTatethWireConversation,
} from './gtateth/index.js';
export {
  createFakeHeymarket,
  FakeHeymarket,
  type FakeHeymarketOptions,
  type HeymarketConversationRecord,
  type HeymarketInbox,
  type HeymarketMessageRecord,
  type HeymarketSecret,
  type HeymarketUser,
  type HeymarketWireConversation,
  type HeymarketWireInbox,
  type HeymarketWireMessage,
} from './heymarket/index.js';
export { fakeData, ObjectIds, Random } from './random.js';
export { FixedWindow } from './rate-window.js';
export {
  createFakeTether,
  FakeTether,
  type FakeTetherOptions,
  type TetherContact,
  type TetherConversationRecord,
  type TetherMessageRecord,
  type TetherUser,
  type TetherWireContact,
  type TetherWireConversation,
  type TetherWireMessage,
} from './tether/index.js';
