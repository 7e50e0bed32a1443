import Glibc

/// How full a file system is, computed the way `df` computes its Use% column.
public enum DiskUsage {
    /// The used percentage from `statvfs` figures: used = blocks − free, percent = used ÷ (used + available) × 100.
    ///
    /// Blocks reserved for root (free but not available) count as neither, as in `df`; the block size cancels out,
    /// so it is not needed. `df` rounds the result up to a whole percent; this does not round.
    /// Returns nil when the file system has no used or available blocks (a pseudo file system).
    public static func usedPercent(blocks: UInt64, freeBlocks: UInt64, availableBlocks: UInt64) -> Double? {
        let used = Double(blocks >= freeBlocks ? blocks - freeBlocks : 0)
        let available = Double(availableBlocks)
        guard used + available > 0 else { return nil }
        return used / (used + available) * 100
    }

    /// The used percentage of the file system mounted at `mountPoint`; nil when `statvfs` fails.
    public static func read(mountPoint: String) -> Double? {
        var info = statvfs()
        guard statvfs(mountPoint, &info) == 0 else { return nil }
        return usedPercent(
            blocks: UInt64(info.f_blocks), freeBlocks: UInt64(info.f_bfree), availableBlocks: UInt64(info.f_bavail)
        )
    }
}
