extension Step {
    /// The largest row number the loader accepts (`no`), as `schemas/sop.schema.json` says: no SOP
    /// has ten thousand steps, and a bound keeps every number in 64 bits.
    public static let maximumNumber = 10_000
}

extension Step.Outcome {
    /// The largest `maxRounds` the loader accepts, as the schema says.
    public static let maximumRounds = 1_000
}
