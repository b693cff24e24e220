"""Playback, with no UI: the backend protocol and its libvlc implementation, the position clock,
the cue follower, the media probe, libvlc's log, and the PlaybackController (playback policy)."""
