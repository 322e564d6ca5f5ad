"""Make README.md a test: every console and python block in it runs.

- 