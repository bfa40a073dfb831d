using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace KerasBridge;

/// <summary>
/// The one thread on which all Python code of the process runs. Any .NET thread may call in: its work is
/// handed to this thread and the caller waits for the result (exceptions come back with their stack).
/// Why: PyTorch frees tensors under pybind11's own GIL handling, which deadlocked (measured: a test process
/// hung in PyEval_AcquireThread inside THPVariable_subclass_dealloc) when Python thread states were created
/// and destroyed on many .NET pool threads. One long-lived thread keeps one Python thread state for the
/// whole process.
/// Hand-off latency: both sides spin briefly before they block. A blocked thread is woken through the kernel,
/// which took 0.05-0.3 ms per call on a busy 2-core machine (measured with benchmarks/run.sh: one-row Predict);
/// a short call (a one-row predict is ~0.05 ms of Python) finishes within the spin, so neither thread sleeps.
/// The spins yield the core while they wait (SpinWait), and a long call (Fit) blocks after them as before.
/// </summary>
internal sealed class PythonThread
{
    /// <summary>How long a caller spins for its result before blocking.</summary>
    internal static readonly TimeSpan CallerSpin = TimeSpan.FromMicroseconds(250);

    /// <summary>How long the Python thread spins for the next call before blocking (back-to-back small calls).</summary>
    internal static readonly TimeSpan WorkerSpin = TimeSpan.FromMicroseconds(100);

    private readonly BlockingCollection<WorkItem> _queue = new();
    private readonly Thread _thread;

    // Calls that may also run between two training batches of a Fit (everything but Fit itself). Each such item
    // is in both queues; whichever side claims it first runs it, the other skips it.
    private readonly ConcurrentQueue<WorkItem> _betweenBatches = new();

    // How many items _betweenBatches holds: one int in pinned memory, so the Python fit loop can look at it with a
    // plain memory read before every batch and call back into .NET only when there is something to run.
    private readonly int[] _pendingCell = GC.AllocateArray<int>(1, pinned: true);

    public PythonThread(Action start)
    {
        var started = new WorkItem(() =>
        {
            start();
            return null;
        });
        _thread = new Thread(() => Loop(started))
        {
            IsBackground = true,
            Name = "KerasBridge Python",
        };
        _thread.Start();
        started.WaitAndGet();
    }

    /// <summary>True on the Python thread itself (a callback from Python into .NET).</summary>
    public bool IsCurrent => Thread.CurrentThread == _thread;

    /// <summary>
    /// Runs the work on the Python thread and returns its result; inline when already on it. Unless
    /// <paramref name="mayRunBetweenBatches"/> is false (Fit itself), the work may run while another call is
    /// training, between two of its batches (<see cref="RunPendingBetweenBatches"/>), instead of after that Fit.
    /// </summary>
    public T Invoke<T>(Func<T> work, bool mayRunBetweenBatches = true)
    {
        if (IsCurrent)
        {
            return work();
        }
        var item = new WorkItem(() => work());
        if (mayRunBetweenBatches)
        {
            _betweenBatches.Enqueue(item);
            Interlocked.Increment(ref _pendingCell[0]);
        }
        _queue.Add(item);
        return (T)item.WaitAndGet()!;
    }

    /// <summary>The address of the pinned count of calls that could run between batches (read by Python).</summary>
    public IntPtr PendingCountAddress => System.Runtime.InteropServices.Marshal.UnsafeAddrOfPinnedArrayElement(_pendingCell, 0);

    /// <summary>
    /// Called on the Python thread by a training loop between two batches: runs the calls other threads queued
    /// meanwhile (a Predict of another model), so they wait for at most about one batch instead of the whole Fit.
    /// Only calls queued before this one started are run: a steady stream of them cannot starve the training.
    /// </summary>
    public void RunPendingBetweenBatches()
    {
        if (!IsCurrent)
        {
            throw new InvalidOperationException("RunPendingBetweenBatches runs only on the Python thread.");
        }
        for (var n = Volatile.Read(ref _pendingCell[0]); n > 0 && _betweenBatches.TryDequeue(out var item); n--)
        {
            Interlocked.Decrement(ref _pendingCell[0]);
            if (item.TryClaim())
            {
                item.Run();
            }
            DropClaimedBetweenBatchItems();
        }
    }

    // Items the loop ran are still in _betweenBatches: drop them from its head so it (and the count Python reads)
    // only holds calls that are still waiting.
    private void DropClaimedBetweenBatchItems()
    {
        while (_betweenBatches.TryPeek(out var head) && head.IsClaimed && _betweenBatches.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _pendingCell[0]);
        }
    }

    /// <summary>Runs the work on the Python thread unless it does not start and finish within the timeout.</summary>
    public bool TryInvoke(Action work, TimeSpan timeout)
    {
        if (IsCurrent)
        {
            work();
            return true;
        }
        var item = new WorkItem(() =>
        {
            work();
            return null;
        });
        if (!_queue.TryAdd(item))
        {
            return false;
        }
        return item.Wait(timeout);
    }

    private void Loop(WorkItem started)
    {
        started.Run();
        while (true)
        {
            var spin = new Spin(WorkerSpin);
            WorkItem? item;
            while (!_queue.TryTake(out item))
            {
                if (!spin.Once())
                {
                    item = _queue.Take();
                    break;
                }
            }
            if (item.TryClaim())
            {
                item.Run();
            }
        }
    }

    /// <summary>A bounded spin: <see cref="Once"/> waits a little (yielding the core as SpinWait does, never
    /// sleeping) and returns false once the time is up.</summary>
    private struct Spin(TimeSpan limit)
    {
        private readonly long _deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        private SpinWait _wait;

        public bool Once()
        {
            if (Stopwatch.GetTimestamp() >= _deadline)
            {
                return false;
            }
            _wait.SpinOnce(sleep1Threshold: -1);
            return true;
        }
    }

    private sealed class WorkItem(Func<object?> work)
    {
        private readonly ManualResetEventSlim _done = new(false, spinCount: 1);
        private object? _result;
        private ExceptionDispatchInfo? _error;
        private volatile bool _finished;
        private int _claimed;

        /// <summary>True for the one caller that gets to run the item (it sits in two queues).</summary>
        public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;

        public bool IsClaimed => Volatile.Read(ref _claimed) != 0;

        public void Run()
        {
            try
            {
                _result = work();
            }
            catch (Exception e)
            {
                _error = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                _finished = true;
                _done.Set();
            }
        }

        public bool Wait(TimeSpan timeout) => _done.Wait(timeout);

        public object? WaitAndGet()
        {
            var spin = new Spin(CallerSpin);
            while (!_finished)
            {
                if (!spin.Once())
                {
                    _done.Wait();
                    break;
                }
            }
            _error?.Throw();
            return _result;
        }
    }
}
