global using Rollout.Tests.Support;
global using Xunit;
global using Rollout.Common;
