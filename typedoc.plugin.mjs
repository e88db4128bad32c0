// A TypeDoc plugin for one false alarm. The fakes' wire types are `z.input<S> & z.output<S>` (see WireOf in
// src/testing/fake-server.ts): each property of such an intersection lists the schema's property node once
// per member, so TypeDoc finds one comment twice and warns "has multiple declarations with a comment",
// naming the same file and line for both. That warning, with its list of locations, is dropped here only
// when every location it lists is the same one; any other warning passes through and still fails the build.

const MULTIPLE = / has multiple declarations with a comment\./;
const LOCATIONS = /The comments for \S+ are declared at:\n/;

/** @param {import('typedoc').Application} app */
export function load(app) {
  const logger = app.logger;
  const log = logger.log.bind(logger);
  /** @type {[string, number] | null} */
  let held = null;
  logger.log = (message, level) => {
    if (held) {
      const [warning, warningLevel] = held;
      held = null;
      const listed = LOCATIONS.exec(message);
      if (listed) {
        const places = message.slice(listed.index + listed[0].length).split('\n');
        if (new Set(places.map((place) => place.trim())).size === 1) return;
      }
      log(warning, warningLevel);
    }
    if (MULTIPLE.test(message)) {
      held = [message, level];
      return;
    }
    log(message, level);
  };
}
