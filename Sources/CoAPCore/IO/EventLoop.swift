import CLibCoAP
import Glibc
import Synchronization

/// What an ``EventLoop`` drives: one libcoap context and the state confined with it.
///
/// Every method is called on the loop thread only.
protocol EventLoopDriver: AnyObject {
    /// libcoap's own epoll descriptor (`coap_context_get_coap_fd`), timers included.
    var coapDescriptor: Int32 { get }
    /// Milliseconds until the driver's next own deadline, or -1 for none.
    func millisecondsUntilNextDeadline() -> Int32
    /// Runs libcoap's I/O without blocking and then the driver's own deadline checks.
    func processIO()
    /// Frees every C resource; the last call the driver receives.
    func tearDown()
}

/// One thread that owns a libcoap context: the only thread that ever calls into libcoap.
///
/// Other threads hand it work with ``execute(_:)``: the job is queued under a mutex and an
/// `eventfd` wakes the thread, which blocks in `epoll_wait` on that descriptor and libcoap's
/// own epoll descriptor. With nothing to do the thread sleeps: idle CPU is zero.
final class EventLoop: @unchecked Sendable {
    // @unchecked: `driver` and `thread` are written once before the thread starts (or after it
    // is joined); the job queue is behind a Mutex; everything else is immutable.
    private let name: String
    private let epollDescriptor: Int32
    private let wakeDescriptor: Int32
    private let queue = Mutex<Queue>(Queue())
    private var driver: (any EventLoopDriver)?
    private var thread: pthread_t?
    private let loopThreadID = Atomic<UInt>(0)

    private struct Queue {
        var jobs: [@Sendable () -> Void] = []
        var stopRequested = false
        /// True while a wake-up is written and not yet consumed: no second write is needed.
        var wakePending = false
    }

    init(name: String) throws(CoAPError) {
        self.name = name
        let epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epfd >= 0 else { throw CoAPError(.transport, "epoll_create1 failed: \(errnoText())") }
        let efd = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        guard efd >= 0 else {
            close(epfd)
            throw CoAPError(.transport, "eventfd failed: \(errnoText())")
        }
        epollDescriptor = epfd
        wakeDescriptor = efd
    }

    deinit {
        precondition(thread == nil, "EventLoop \(name) was never shut down")
        close(epollDescriptor)
        close(wakeDescriptor)
    }

    /// Starts the thread; from now on only the loop thread touches `driver`. When the thread
    /// cannot start, the driver is torn down here.
    func start(driver: any EventLoopDriver) throws(CoAPError) {
        do {
            try startThread(driver: driver)
        } catch {
            self.driver = nil
            driver.tearDown()
            throw error
        }
    }

    private func startThread(driver: any EventLoopDriver) throws(CoAPError) {
        self.driver = driver
        try watch(wakeDescriptor)
        try watch(driver.coapDescriptor)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        // A small stack: the loop keeps its state on the heap.
        pthread_attr_setstacksize(&attributes, 512 * 1024)
        defer { pthread_attr_destroy(&attributes) }
        let box = Unmanaged.passRetained(self).toOpaque()
        var handle = pthread_t()
        let result = pthread_create(&handle, &attributes, { raw in
            // Safety: `raw` is the retained EventLoop passed just above; released here once.
            let loop = Unmanaged<EventLoop>.fromOpaque(raw!).takeRetainedValue()
            loop.run()
            return nil
        }, box)
        guard result == 0 else {
            Unmanaged<EventLoop>.fromOpaque(box).release()
            throw CoAPError(.transport, "pthread_create failed: \(result)")
        }
        thread = handle
    }

    /// Queues `job` to run on the loop thread, in order with every other job. Returns false,
    /// and drops the job, once shutdown has begun.
    @discardableResult
    func execute(_ job: @escaping @Sendable () -> Void) -> Bool {
        let (accepted, mustWake) = queue.withLock { queue -> (Bool, Bool) in
            guard !queue.stopRequested else { return (false, false) }
            queue.jobs.append(job)
            if queue.wakePending { return (true, false) }
            queue.wakePending = true
            return (true, true)
        }
        if mustWake { wake() }
        return accepted
    }

    /// True when called on the loop thread.
    var inLoop: Bool { loopThreadID.load(ordering: .relaxed) == UInt(bitPattern: Int(bitPattern: pthread_self())) }

    /// Crashes in debug builds when called off the loop thread (libcoap is not thread-safe).
    func assertInLoop(file: StaticString = #fileID, line: UInt = #line) {
        assert(inLoop, "libcoap touched off its loop thread", file: file, line: line)
    }

    /// Stops the thread after the jobs queued so far, tears the driver down and joins it.
    /// Must not be called on the loop thread.
    func shutdown() {
        precondition(!inLoop, "EventLoop.shutdown() called on its own thread")
        guard let thread else { return }
        queue.withLock { $0.stopRequested = true; $0.wakePending = true }
        wake()
        pthread_join(thread, nil)
        self.thread = nil
        driver = nil
    }

    private func run() {
        loopThreadID.store(UInt(bitPattern: Int(bitPattern: pthread_self())), ordering: .relaxed)
        guard let driver else { return }
        var events = [epoll_event](repeating: epoll_event(), count: 4)
        while true {
            let timeout = driver.millisecondsUntilNextDeadline()
            let ready = events.withUnsafeMutableBufferPointer {
                epoll_wait(epollDescriptor, $0.baseAddress, Int32($0.count), timeout)
            }
            if ready < 0 && errno != EINTR {
                fatalError("epoll_wait failed on \(name): \(errnoText())")
            }
            var counter: UInt64 = 0
            _ = read(wakeDescriptor, &counter, 8)
            let (jobs, stop) = queue.withLock { queue -> ([@Sendable () -> Void], Bool) in
                let jobs = queue.jobs
                queue.jobs.removeAll(keepingCapacity: true)
                queue.wakePending = false
                return (jobs, queue.stopRequested)
            }
            for job in jobs { job() }
            if stop { break }
            driver.processIO()
        }
        driver.tearDown()
    }

    private func wake() {
        var one: UInt64 = 1
        while write(wakeDescriptor, &one, 8) < 0 && errno == EINTR {}
    }

    private func watch(_ descriptor: Int32) throws(CoAPError) {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = descriptor
        guard epoll_ctl(epollDescriptor, EPOLL_CTL_ADD, descriptor, &event) == 0 else {
            throw CoAPError(.transport, "epoll_ctl failed: \(errnoText())")
        }
    }
}

/// The text of the current `errno`.
func errnoText() -> String { String(cString: strerror(errno)) }

/// `write(2)` under a name that does not clash with methods called `write`.
@discardableResult
func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    Glibc.write(descriptor, bytes, count)
}
