// One Chromium for the whole assembly; test classes one after another (each starts its own `baton serve`), so a
// 2-core machine does not run several servers and browser pages against each other.
[assembly: AssemblyFixture(typeof(Baton.Dashboard.Tests.BrowserFixture))]
[assembly: CollectionBehavior(DisableTestParallelization = true)]
