import FleetNode
import Testing

@Test func diskUsageMatchesDfArithmetic() {
    // 1000 blocks, 400 free of which 100 reserved for root: used 600, available 300 → 600 / 900.
    let percent = DiskUsage.usedPercent(blocks: 1000, freeBlocks: 400, availableBlocks: 300)
    #expect(percent.map { abs($0 - 66.666_666) < 0.001 } == true)
}

@Test func diskUsageEdgeCases() {
    #expect(DiskUsage.usedPercent(blocks: 0, freeBlocks: 0, availableBlocks: 0) == nil)
    #expect(DiskUsage.usedPercent(blocks: 100, freeBlocks: 100, availableBlocks: 100) == 0)
    #expect(DiskUsage.usedPercent(blocks: 100, freeBlocks: 5, availableBlocks: 0) == 100)
}

@Test func diskUsageFailsOnMissingMountPoint() {
    #expect(DiskUsage.read(mountPoint: "/no/such/mount/point") == nil)
}
