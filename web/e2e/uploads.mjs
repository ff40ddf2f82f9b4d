// The scenarios the browser tests upload from the Editor view: the page's starter scenario (checks
// clean) and the same with a member id that names no actor (a located error with a did-you-mean;
// the case of crates/entente-api/tests/golden/check/unknown-id).
export const STARTER = `# A small scenario: two states and a club. Edit it; problems show as you type.
[scenario]
name = "A two-member club"
as_of = 2024-01-01

[actor.POL]
name = "Poland"

[actor.DEU]
name = "Germany"

[institution.club]
name = "A two-member club"
members = [{ id = "POL", joined = 1999-03-12 }, { id = "DEU" }]

[institution.club.decision.consensus]
rule = "consensus"
`;

export const UNKNOWN_ID = STARTER.replace('{ id = "DEU" }', '{ id = "DEV" }');

export const UPLOADS = {
  starter: { "scenario.toml": STARTER },
  "unknown-id": { "scenario.toml": UNKNOWN_ID },
};
