/** gox-helix: the service's identity ({@link io.goxhelix.Instance}) and its typed configuration. */
package io.goxhelix;
