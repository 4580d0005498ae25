#!/usr/bin/env bash
# Build-time cost of Rampart's analyzers on a large generated solution.
#
#   tests/Rampart.Benchmarks/Analyzers/analyzer-build-benchmark.sh [files] [runs]
#
# Generates a web project of <files> (default 2000) realistic C# files plus appsettings files,
# references the freshly built Rampart analyzers as <Analyzer> items, compiles it <runs> times
# (default 3) with /p:ReportAnalyzer=true, and prints, per run, the compiler's (Csc) time, the
# time of every analyzer assembly, and Rampart's share of the compiler's time.
set -euo pipefail
cd "$(dirname "$0")/../../.."
files="${1:-2000}"
runs="${2:-3}"
work="$(mktemp -d)"
[ "${BENCH_KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build analyzers/Rampart.Analyzers.CodeFixes -c Release -v:q -nologo >/dev/null
analyzer_dir="$(pwd)/analyzers/Rampart.Analyzers/bin/Release/netstandard2.0"

python3 - "$work" "$files" "$analyzer_dir" <<'PY'
import os, random, sys
work, count, analyzers = sys.argv[1], int(sys.argv[2]), sys.argv[3]
r = random.Random(42)
os.makedirs(os.path.join(work, "Features"), exist_ok=True)
open(os.path.join(work, "Bench.csproj"), "w").write(f"""<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
    <NoWarn>$(NoWarn);CS1998;CS0168;CS0219;CS8618</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <Analyzer Include="{analyzers}/Rampart.Analyzers.dll" />
    <AdditionalFiles Include="appsettings*.json" />
  </ItemGroup>
</Project>
""")
open(os.path.join(work, "appsettings.json"), "w").write('{\n  "Logging": { "LogLevel": { "Default": "Information" } },\n  "ConnectionStrings": { "Default": "Host=db;Database=shop;Username=app;Password=" },\n  "AllowedHosts": "*"\n}\n')
open(os.path.join(work, "Program.cs"), "w").write('var builder = WebApplication.CreateBuilder(args);\nvar app = builder.Build();\napp.MapGet("/", () => "ok");\napp.Run();\n')
nouns = ["Order", "Customer", "Invoice", "Product", "Shipment", "Payment", "Account", "Review", "Coupon", "Basket", "Warehouse", "Supplier"]
verbs = ["Create", "Update", "Cancel", "Approve", "Archive", "Refresh", "Validate", "Export", "Import", "Notify"]
for i in range(count):
    noun = nouns[i % len(nouns)]
    name = f"{noun}{i}"
    props = "\n".join(f"    public {t} {p} {{ get; init; }}{d}" for t, p, d in r.sample([
        ("string", "Name", ' = "";'), ("string", "Email", ' = "";'), ("decimal", "Total", ""), ("int", "Quantity", ""),
        ("DateTimeOffset", "CreatedAt", ""), ("string", "Status", ' = "new";'), ("Guid", "Id", ""), ("string?", "Notes", ""),
        ("string", "Currency", ' = "EUR";'), ("bool", "IsActive", "")], 10))
    methods = []
    for m in range(6):
        verb = r.choice(verbs)
        methods.append(f"""
    public async Task<int> {verb}{m}Async({name}Dto dto, CancellationToken cancellationToken)
    {{
        var route = "/api/v1/{noun.lower()}s/" + dto.Id;
        var section = _configuration["Features:{noun}:{verb}"] ?? "default";
        _logger.LogInformation("{verb} {{Entity}} {{Id}} via {{Route}}", nameof({name}Dto), dto.Id, route);
        var items = Enumerable.Range(0, dto.Quantity).Select(x => new {{ Index = x, Label = $"{noun}-{{x}}-{{section}}" }}).ToList();
        var totals = items.Where(x => x.Index % 2 == 0).Sum(x => x.Index * 2);
        var status = dto.Status switch {{ "new" => 1, "paid" => 2, "shipped" => 3, _ => 0 }};
        var headers = new Dictionary<string, string> {{ ["Accept"] = "application/json", ["X-Request-Id"] = Guid.NewGuid().ToString() }};
        if (totals > {r.randint(10, 1000)} && status != 0)
        {{
            _logger.LogWarning("Large {noun.lower()} {{Total}} for {{Status}}", totals, dto.Status);
        }}
        await Task.Delay(0, cancellationToken);
        return totals + status + headers.Count;
    }}""")
    code = f"""namespace Bench.Features;

using Microsoft.Extensions.Logging;

public sealed record {name}Dto
{{
{props}
}}

public sealed class {name}Service
{{
    private const string CacheKeyPrefix = "{noun.lower()}:";
    private readonly ILogger<{name}Service> _logger;
    private readonly IConfiguration _configuration;

    public {name}Service(ILogger<{name}Service> logger, IConfiguration configuration)
    {{
        _logger = logger;
        _configuration = configuration;
    }}

    public string CacheKey(Guid id) => CacheKeyPrefix + id.ToString("N");
{"".join(methods)}
}}
"""
    open(os.path.join(work, "Features", f"{name}.cs"), "w").write(code)
PY

echo "Generated $files files in $work"
dotnet restore "$work/Bench.csproj" -v:q >/dev/null
dotnet build "$work/Bench.csproj" -c Release --no-restore -v:q -nologo >/dev/null   # warm-up
for run in $(seq 1 "$runs"); do
  log="$work/build-$run.log"
  if ! dotnet build "$work/Bench.csproj" -c Release --no-restore --no-incremental -nologo -v:d /p:ReportAnalyzer=true -clp:PerformanceSummary > "$log"; then
    grep -E "error" "$log" | sort -u | head -20 >&2
    exit 1
  fi
  python3 - "$log" "$run" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
csc = re.findall(r"^\s*(\d+) ms\s+Csc\s+\d+ calls", text, re.M)
total = re.search(r"Total analyzer execution time:\s*([\d.]+) seconds", text)
assemblies = re.findall(r"^\s*([\d.<]+)\s+(\d+|<1)\s+([\w.]+), Version=", text, re.M)
csc_s = int(csc[-1]) / 1000 if csc else float("nan")
print(f"run {sys.argv[2]}: Csc {csc_s:.2f} s, all analyzers {float(total.group(1)) if total else float('nan'):.2f} s")
for seconds, share, name in assemblies:
    print(f"    {name:55s} {seconds:>8s} s")
ramp = [float(s.replace('<', '')) for s, _, n in assemblies if n.startswith("Rampart.Analyzers")]
if ramp:
    print(f"    Rampart share of compiler time: {100 * ramp[0] / csc_s:.2f} %")
for line in re.findall(r"^\s*[\d.<]+\s+(?:\d+|<1)\s+Rampart\.Analyzers\.[\w.]+ \(.*$", text, re.M):
    print("      " + line.strip())
PY
done
