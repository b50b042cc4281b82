package io.flasksockets.sample;

/**
 * {@link NodeLossIntegrationTests} on Jetty: both nodes, the one in this JVM and the one killed or stopped in a JVM
 * of its own, run on Jetty.
 */
class NodeLossOnJettyTests extends NodeLossIntegrationTests {

}
