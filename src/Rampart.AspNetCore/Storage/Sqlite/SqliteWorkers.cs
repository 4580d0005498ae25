using System.Threading.Channels;

namespace Rampart.AspNetCore.Storage.Sqlite;

/// <summary>
/// A small pool of dedicated threads for SQLite's synchronous calls. A database locked by another
/// process makes a call wait up to the busy timeout; on these threads that wait blocks no thread-pool
/// thread, so requests that need no store (cached keys) go on being served. The queue is bounded: when
/// it is full the call fails at once as unavailable (503) and is counted in <see cref="Refused"/>.
/// </summary>
internal sealed class SqliteWorkers : IDisposable
{
    private readonly Channel<Action> _work;
    private readonly Thread[] _threads;
    private long _refused;

    public SqliteWorkers(int threads, int capacity, string name)
    {
        _work = Channel.CreateBounded<Action>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then answers false when full, so every refusal is seen
            SingleReader = false,
        });
        _threads = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = name };
            _threads[i].Start();
        }
    }

    /// <summary>Calls refused because the queue was full, since start.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Runs <paramref name="work"/> on a pool thread; false (and counted) when the queue is full.</summary>
    public bool TryRun<T>(Func<T> work, out Task<T> result)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        result = completion.Task;
        if (_work.Writer.TryWrite(() =>
            {
                try
                {
                    completion.SetResult(work());
                }
                catch (Exception exception)
                {
                    completion.SetException(exception);
                }
            }))
        {
            return true;
        }

        Interlocked.Increment(ref _refused);
        return false;
    }

    public void Dispose() => _work.Writer.TryComplete();

    private void Work()
    {
        var reader = _work.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var item))
            {
                item();
            }
        }
    }
}
