using Rampart.LoadTests;

// serve <configuration> <port> <work-folder>   one API configuration on Kestrel over TLS (started by the driver)
// run [--quick|--full] [--only a,b]             the driver: every configuration, wrk against each, a table of figures
// rounds [--rounds N] [--quick] [--only a,b]     alternating rounds of every configuration (or those named; full timing by default), ratios per round
// smoke [--only a,b]                            rampart, rampart-redis and the floors (or those named): 200 with a valid key, 401 without, answers as Rampart's; floors refuse a burst over a lowered limit
// profile [--only a,b] [--seconds N]             perf record on each server (bare and Rampart by default; rampart-redis starts its Redis) under wrk, CPU samples by component
return args.FirstOrDefault() switch
{
    "serve" => await LoadServer.RunAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3]),
    "run" or null => await LoadDriver.RunAsync(args.Skip(1).ToArray()),
    "rounds" => await LoadDriver.RoundsAsync(args.Skip(1).ToArray()),
    "profile" => await LoadDriver.ProfileAsync(args.Skip(1).ToArray()),
    "smoke" => await LoadDriver.SmokeAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Rampart.LoadTests run [--quick|--full] [--only bare,builtin,builtin-sqlite,rampart,rampart-redis,floor-a,floor-r,floor-r-coalesced] | rounds [--rounds 3] [--quick] [--only rampart,rampart-redis] | profile [--only bare,rampart,rampart-redis] [--seconds 20] | smoke [--only rampart,floor-a]");
    return 2;
}
