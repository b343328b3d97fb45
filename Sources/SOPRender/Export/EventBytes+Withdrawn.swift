import SOPCore

extension EventBytes {
    /// Whether a closing's resolution (its `outcome` column) is ``StepTimer/withdrawnResolution``.
    static func isWithdrawn(_ resolution: UnsafeRawBufferPointer) -> Bool {
        resolution.elementsEqual(StepTimer.withdrawnResolution.utf8)
    }
}
