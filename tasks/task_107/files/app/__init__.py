"""The help centre: product documentation and status pages, served with Werkzeug."""
