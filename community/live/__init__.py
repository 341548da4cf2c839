"""The live layer: the one `/ws/` socket per tab (consumer and the guards in front of it), the
topics a tab may subscribe to, who is reading now (presence), and the channel layer underneath."""
