namespace OrderPipeline.Tests.Shared;

/// <summary>The repository checkout the tests run from (linked into each test project that reads its files).</summary>
public static class Repository
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OrderPipeline.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("OrderPipeline.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
