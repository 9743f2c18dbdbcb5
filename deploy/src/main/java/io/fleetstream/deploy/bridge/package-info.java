/** The HTTP bridge as a child process of the embedded stack (and of the API benchmark). */
package io.fleetstream.deploy.bridge;
