using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace KerasBridge;

/// <summary>
/// The one thread on which all Python code of the process runs. Any .NET thread may call in: its work is
/// handed to this thread and the caller waits for the result (exceptions come back with their stack).
/// Why: PyTorch frees tensors under pybind11's own GIL handling, which deadlocked (measured: a test process
/// hung in PyEval_AcquireThread inside THPVariable_subclass_dealloc) when Python thread states were created
/// and destroyed on many .NET pool threads. One long-lived thread keeps one Python thread state for the
/// whole process.
/// </summary>
internal sealed class PythonThread
{
    private readonly BlockingCollection<WorkItem> _queue = new();
    private readonly Thread _thread;

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

    /// <summary>Runs the work on the Python thread and returns its result; inline when already on it.</summary>
    public T Invoke<T>(Func<T> work)
    {
        if (IsCurrent)
        {
            return work();
        }
        var item = new WorkItem(() => work());
        _queue.Add(item);
        return (T)item.WaitAndGet()!;
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
        foreach (var item in _queue.GetConsumingEnumerable())
        {
            item.Run();
        }
    }

    private sealed class WorkItem(Func<object?> work)
    {
        private readonly ManualResetEventSlim _done = new();
        private object? _result;
        private ExceptionDispatchInfo? _error;

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
                _done.Set();
            }
        }

        public bool Wait(TimeSpan timeout) => _done.Wait(timeout);

        public object? WaitAndGet()
        {
            _done.Wait();
            _error?.Throw();
            return _result;
        }
    }
}
