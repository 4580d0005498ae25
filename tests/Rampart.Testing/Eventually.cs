namespace Rampart.Testing;

/// <summary>
/// Bounded waits for what another thread does on its own time (a background writer, a timer, a
/// listener, a restarted server). A passing test returns as soon as the condition holds, so the bound
/// costs nothing; it is generous because it only stops a broken test from hanging, and a machine with
/// both cores loaded must not turn a slow run into a failure.
/// </summary>
public static class Eventually
{
    /// <summary>How long a condition may take before the test fails: two minutes.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until <paramref name="condition"/> holds; fails naming <paramref name="what"/> after <see cref="Bound"/>.</summary>
    /// <param name="between">Runs after each unmet check (moving a fake clock, say), before the next.</param>
    /// <param name="detail">What the failure message adds, read when it fails (the last state seen, say).</param>
    public static Task UntilAsync(Func<bool> condition, string what, Action? between = null, Func<string>? detail = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), what, between, detail);
    }

    /// <summary>Waits until the asynchronous <paramref name="condition"/> holds; fails naming <paramref name="what"/> after <see cref="Bound"/>.</summary>
    /// <param name="between">Runs after each unmet check (moving a fake clock, say), before the next.</param>
    /// <param name="detail">What the failure message adds, read when it fails (the last state seen, say).</param>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, Action? between = null, Func<string>? detail = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (waited.Elapsed > Bound)
            {
                throw new TimeoutException($"Not reached within {Bound.TotalSeconds:F0} s: {what}. {detail?.Invoke()}".TrimEnd());
            }

            between?.Invoke();
            await Task.Delay(Pause).ConfigureAwait(false);
        }
    }

    /// <summary>The task's result, or a failure naming <paramref name="what"/> when it has not ended within <see cref="Bound"/>.</summary>
    public static async Task<T> CompletesAsync<T>(Task<T> task, string what)
    {
        ArgumentNullException.ThrowIfNull(task);
        await CompletesAsync((Task)task, what).ConfigureAwait(false);
        return await task.ConfigureAwait(false);
    }

    /// <summary>Waits for the task; a failure naming <paramref name="what"/> when it has not ended within <see cref="Bound"/>.</summary>
    public static async Task CompletesAsync(Task task, string what)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            await task.WaitAsync(Bound).ConfigureAwait(false);
        }
        catch (TimeoutException exception) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Not ended within {Bound.TotalSeconds:F0} s: {what}.", exception);
        }
    }
}
