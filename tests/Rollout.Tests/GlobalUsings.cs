global using Rollout.Tests.Support;
global using Xunit;
