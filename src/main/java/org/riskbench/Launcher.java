package org.riskbench;

public final class Launcher {
    public static void main(String[] args) {
    }
}
